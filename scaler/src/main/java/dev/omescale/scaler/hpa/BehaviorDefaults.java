package dev.omescale.scaler.hpa;

import java.util.List;

/**
 * Kubernetes' defaulting of {@code spec.behavior} (autoscaling/v2 {@code SetDefaults}) plus the two values the
 * controller fills in at run time: the scale-down window (its flag, 300 s) and tolerances (its flag, 0.1).
 * Only a non-null behavior is defaulted; a null behavior selects the legacy path and is never filled.
 */
public final class BehaviorDefaults {

    /** scaleUp: 4 pods or 100 % per 15 s, whichever is more. */
    public static final List<HpaScalingPolicy> SCALE_UP_POLICIES = List.of(
            new HpaScalingPolicy(HpaScalingPolicy.Type.PODS, 4, 15),
            new HpaScalingPolicy(HpaScalingPolicy.Type.PERCENT, 100, 15));
    /** scaleDown: 100 % per 15 s. */
    public static final List<HpaScalingPolicy> SCALE_DOWN_POLICIES = List.of(
            new HpaScalingPolicy(HpaScalingPolicy.Type.PERCENT, 100, 15));

    private static final int MAX_WINDOW_SECONDS = 3600;
    private static final int MAX_PERIOD_SECONDS = 1800;

    /**
     * {@code behavior: {}} (what OME generates) filled for the default controller: computed once, because the engine
     * fills the behavior of every component at every tick and this one is by far the most common.
     */
    private static final EffectiveBehavior EMPTY_WITH_DEFAULT_CONFIG = apply(new HpaBehavior(null, null),
            HpaControllerConfig.DEFAULT);

    private BehaviorDefaults() {
    }

    /** {@link #apply(HpaBehavior, HpaControllerConfig)} with the controller defaults. */
    public static EffectiveBehavior apply(HpaBehavior user) {
        return apply(user, HpaControllerConfig.DEFAULT);
    }

    /**
     * Fills every unset field of a non-null behavior. A non-null policy list replaces the defaults entirely.
     * Per-direction tolerances are honoured only in the ≥ 1.33 form; older controllers have just the flag.
     *
     * @throws IllegalArgumentException when {@code user} is null (the legacy path has no behavior) or a value
     *                                  fails the API's validation
     */
    public static EffectiveBehavior apply(HpaBehavior user, HpaControllerConfig config) {
        if (user == null) {
            throw new IllegalArgumentException("a null HPA behavior selects the legacy path and has no defaults;"
                    + " check for null before defaulting");
        }
        if (user.scaleUp() == null && user.scaleDown() == null && EMPTY_WITH_DEFAULT_CONFIG != null
                && (config == HpaControllerConfig.DEFAULT || config.equals(HpaControllerConfig.DEFAULT))) {
            return EMPTY_WITH_DEFAULT_CONFIG;
        }
        EffectiveRules up = fill("scaleUp", user.scaleUp(), 0, SCALE_UP_POLICIES, config);
        EffectiveRules down = fill("scaleDown", user.scaleDown(),
                Math.toIntExact(config.downscaleStabilizationWindow().toSeconds()), SCALE_DOWN_POLICIES, config);
        return new EffectiveBehavior(up, down);
    }

    /** The tolerances an HPA runs with: the controller flag, overridden per direction by a ≥ 1.33 behavior. */
    public static Tolerances tolerances(HpaBehavior userOrNull, HpaControllerConfig config) {
        if (userOrNull == null) {
            return Tolerances.of(config.tolerance());
        }
        return apply(userOrNull, config).tolerances();
    }

    private static EffectiveRules fill(String direction, HpaScalingRules rules, int defaultWindow,
            List<HpaScalingPolicy> defaultPolicies, HpaControllerConfig config) {
        Integer window = rules == null ? null : rules.stabilizationWindowSeconds();
        SelectPolicy select = rules == null ? null : rules.selectPolicy();
        List<HpaScalingPolicy> policies = rules == null ? null : rules.policies();
        Double tolerance = rules == null || config.toleranceForm() == ToleranceForm.LEGACY
                ? null : rules.tolerance();
        EffectiveRules filled = new EffectiveRules(
                window == null ? defaultWindow : window,
                select == null ? SelectPolicy.MAX : select,
                policies == null ? defaultPolicies : policies,
                tolerance == null ? config.tolerance() : tolerance);
        validate(direction, filled);
        return filled;
    }

    private static void validate(String direction, EffectiveRules rules) {
        String where = "behavior." + direction;
        if (rules.stabilizationWindowSeconds() < 0 || rules.stabilizationWindowSeconds() > MAX_WINDOW_SECONDS) {
            throw new IllegalArgumentException(where + ".stabilizationWindowSeconds is "
                    + rules.stabilizationWindowSeconds() + "; use 0 to 3600 seconds");
        }
        if (rules.policies().isEmpty()) {
            throw new IllegalArgumentException(where + ".policies is empty; give at least one policy, or leave"
                    + " policies out for the defaults (use selectPolicy: Disabled to stop scaling this way)");
        }
        for (HpaScalingPolicy p : rules.policies()) {
            if (p.type() == null || p.value() <= 0 || p.periodSeconds() <= 0
                    || p.periodSeconds() > MAX_PERIOD_SECONDS) {
                throw new IllegalArgumentException(where + ".policies has " + p
                        + "; each policy needs a type, a value > 0 and periodSeconds of 1 to 1800");
            }
        }
        if (!(rules.tolerance() >= 0) || Double.isInfinite(rules.tolerance())) {
            throw new IllegalArgumentException(where + ".tolerance is " + rules.tolerance()
                    + "; use a finite fraction ≥ 0 such as 0.05");
        }
    }
}
