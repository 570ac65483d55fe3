package dev.sindiff;

/**
 * A value a library record or method does not accept, named in the library's own terms: the
 * class and the component or parameter ({@code TrainConfig.learningRate}) and what is wrong with
 * the value ("must be in (0, 1), got 5.0"). A front end that knows the value under another name
 * (the command line: a flag) reports it under that name with {@link #problemOf}.
 */
public final class InvalidValue extends UserError {
    private static final long serialVersionUID = 1L;

    private final String owner;
    private final String component;
    private final String problem;

    /**
     * @param owner the record or class whose value it is
     * @param component the record component or parameter, as spelled in the code
     * @param problem what is wrong, to follow the name: "must be >= 1, got 0"
     */
    public InvalidValue(Class<?> owner, String component, String problem) {
        super(owner.getSimpleName() + "." + component + " " + problem);
        this.owner = owner.getSimpleName();
        this.component = component;
        this.problem = problem;
    }

    /** The value's name in the library: {@code Owner.component}, e.g. {@code TrainConfig.learningRate}. */
    public String name() {
        return owner + "." + component;
    }

    /** The message with {@code name} (e.g. {@code --lr}) in place of the library's name. */
    public String problemOf(String name) {
        return name + " " + problem;
    }
}
