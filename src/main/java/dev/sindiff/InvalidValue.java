package dev.sindiff;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value that a library quantity does not accept (a strength above 1, a tile smaller than twice
 * its overlap), said in the library's own terms: "strength must be in [0, 1], got 1.5". Each rule
 * is checked once, where the quantity lives; a front end that sets the quantity under another
 * name renders the same failure with its names ({@link #message(UnaryOperator)}): the command
 * line says "--strength must be in [0, 1], got 1.5".
 *
 * <p>The message is a template in which every quantity is written in braces, {@code {strength}};
 * {@link #getMessage()} shows the plain names.
 */
public class InvalidValue extends UserError {
    private static final long serialVersionUID = 1L;
    private static final Pattern QUANTITY = Pattern.compile("\\{([^{}]+)}");

    private final String quantity;
    private final String template;

    /**
     * @param quantity the quantity whose value is refused, e.g. "strength"
     * @param template the message, naming quantities in braces, e.g. "{tile} must be at least twice {overlap} (64), got 40"
     */
    public InvalidValue(String quantity, String template) {
        super(render(template, UnaryOperator.identity()));
        this.quantity = quantity;
        this.template = template;
    }

    /**
     * A record component or parameter refused, named {@code Owner.component} (e.g. {@code
     * TrainConfig.learningRate}): "TrainConfig.learningRate must be in (0, 1), got 5.0".
     *
     * @param owner the record or class whose value it is
     * @param component the record component or parameter, as spelled in the code
     * @param problem what is wrong, to follow the name: "must be >= 1, got 0"
     */
    public InvalidValue(Class<?> owner, String component, String problem) {
        this(owner.getSimpleName() + "." + component, "{" + owner.getSimpleName() + "." + component + "} " + problem);
    }

    /** "{quantity} requirement, got value": the usual shape, e.g. ("strength", "must be in [0, 1]", 1.5). */
    public static InvalidValue of(String quantity, String requirement, Object value) {
        return new InvalidValue(quantity, "{" + quantity + "} " + requirement + ", got " + value);
    }

    /** Throws {@link #of} unless {@code ok}. */
    public static void require(boolean ok, String quantity, String requirement, Object value) {
        if (!ok) {
            throw of(quantity, requirement, value);
        }
    }

    /** The quantity whose value is refused. */
    public String quantity() {
        return quantity;
    }

    /** The message with every quantity named by {@code name} (a quantity it returns unchanged keeps its plain name). */
    public String message(UnaryOperator<String> name) {
        return render(template, name);
    }

    private static String render(String template, UnaryOperator<String> name) {
        Matcher m = QUANTITY.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(name.apply(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
