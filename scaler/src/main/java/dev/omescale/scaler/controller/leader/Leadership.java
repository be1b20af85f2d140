package dev.omescale.scaler.controller.leader;

/** Whether this replica of the controller may write replicas now. Only the leader writes. */
public interface Leadership {

    boolean isLeader();

    /** Without leader election: this process always writes (one replica only). */
    Leadership ALWAYS = () -> true;
}
