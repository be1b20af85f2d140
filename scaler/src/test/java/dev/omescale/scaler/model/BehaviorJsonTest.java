package dev.omescale.scaler.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import dev.omescale.scaler.hpa.HpaBehavior;
import dev.omescale.scaler.hpa.HpaScalingPolicy;
import dev.omescale.scaler.hpa.HpaScalingRules;
import dev.omescale.scaler.hpa.SelectPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BehaviorJsonTest {

    @Test
    void readsTheKubernetesDefaultsWrittenOut() {
        HpaBehavior b = BehaviorJson.parse("""
                {"scaleUp": {"stabilizationWindowSeconds": 0, "selectPolicy": "Max",
                             "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15},
                                          {"type": "Percent", "value": 100, "periodSeconds": 15}]},
                 "scaleDown": {"stabilizationWindowSeconds": 300, "selectPolicy": "Disabled",
                               "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}]}}
                """);
        assertThat(b).isEqualTo(new HpaBehavior(
                new HpaScalingRules(0, SelectPolicy.MAX, List.of(
                        new HpaScalingPolicy(HpaScalingPolicy.Type.PODS, 4, 15),
                        new HpaScalingPolicy(HpaScalingPolicy.Type.PERCENT, 100, 15)), null),
                new HpaScalingRules(300, SelectPolicy.DISABLED, List.of(
                        new HpaScalingPolicy(HpaScalingPolicy.Type.PERCENT, 100, 15)), null)));
    }

    @Test
    void absentAndNullFieldsStayUnsetSoDefaultingCanFollowTheApi() {
        assertThat(BehaviorJson.parse("{}")).isEqualTo(new HpaBehavior(null, null));
        assertThat(BehaviorJson.parse("{\"scaleUp\":null,\"scaleDown\":{\"selectPolicy\":null}}"))
                .isEqualTo(new HpaBehavior(null, new HpaScalingRules(null, null, null, null)));
        assertThat(BehaviorJson.parse("{\"scaleDown\":{\"stabilizationWindowSeconds\":3600}}").scaleDown()
                .stabilizationWindowSeconds()).isEqualTo(3600);
    }

    @ParameterizedTest
    @CsvSource({
        "0.05, 0.05",
        "'\"0.05\"', 0.05",
        "'\"50m\"', 0.05",
        "'\"5e-2\"', 0.05",
        "'\"0\"', 0.0",
        "'\"1\"', 1.0",
        "'\"1500u\"', 0.0015",
        "'\"1Ki\"', 1024.0",
    })
    void toleranceIsANumberOrAQuantity(String json, double expected) {
        assertThat(BehaviorJson.parse("{\"scaleUp\":{\"tolerance\":" + json + "}}").scaleUp().tolerance())
                .isEqualTo(expected);
    }

    @Test
    void errorsNameThePath() {
        assertThatThrownBy(() -> BehaviorJson.parse("{\"scaleUp\":[]}"))
                .hasMessage("scaleUp must be an object with stabilizationWindowSeconds, selectPolicy, policies "
                        + "and/or tolerance");
        assertThatThrownBy(() -> BehaviorJson.parse("{\"scaleUp\":{\"policies\":{}}}"))
                .hasMessage("scaleUp.policies must be a list like [{\"type\":\"Pods\",\"value\":4,"
                        + "\"periodSeconds\":60}]");
        assertThatThrownBy(() -> BehaviorJson.parse("{\"scaleUp\":{\"policies\":[{\"type\":\"Pods\",\"value\":4,"
                + "\"periodSeconds\":15,\"extra\":1}]}}"))
                .hasMessage("unknown field scaleUp.policies[0].extra; use periodSeconds, type, value");
        assertThatThrownBy(() -> BehaviorJson.parse("{\"scaleDown\":{\"stabilizationWindowSeconds\":\"300\"}}"))
                .hasMessage("scaleDown.stabilizationWindowSeconds is 300, not a whole number; use 0..3600");
        assertThatThrownBy(() -> BehaviorJson.parse("{\"scaleDown\":{\"tolerance\":true}}"))
                .hasMessage("scaleDown.tolerance must be a number or a quantity string like \"0.05\" or \"50m\"");
        assertThatThrownBy(() -> BehaviorJson.parse(""))
                .hasMessage("must be a JSON object with scaleUp and/or scaleDown, e.g. "
                        + "{\"scaleDown\":{\"stabilizationWindowSeconds\":300}}");
    }
}
