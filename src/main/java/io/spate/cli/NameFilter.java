package io.spate.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Topic or group names as a command line gives them, in the manner of rpk: literal names, globs
 * ({@code *} any run of characters, {@code ?} one character: {@code 'orders*'}) or, with
 * {@code -r}/{@code --regex}, regular expressions. A pattern must match a whole name. An argument
 * without {@code *} or {@code ?} is a literal name unless {@code --regex} is given (topic names
 * cannot hold either character, so a glob is never a name).
 */
final class NameFilter {
    private final List<String> literals = new ArrayList<>();
    private final List<Pattern> patterns = new ArrayList<>();
    private final List<String> patternArgs = new ArrayList<>();

    private NameFilter() {
    }

    /** Parses the arguments; IllegalArgumentException names a regular expression that does not compile. */
    static NameFilter of(Collection<String> args, boolean regex) {
        NameFilter f = new NameFilter();
        for (String arg : args) {
            if (regex) {
                try {
                    f.addPattern(arg, Pattern.compile(arg));
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("'" + arg + "' is not a regular expression: "
                            + e.getDescription());
                }
            } else if (arg.indexOf('*') >= 0 || arg.indexOf('?') >= 0) {
                f.addPattern(arg, glob(arg));
            } else {
                f.literals.add(arg);
            }
        }
        return f;
    }

    /** True when no argument was given: everything matches. */
    boolean isEmpty() {
        return literals.isEmpty() && patterns.isEmpty();
    }

    boolean hasPatterns() {
        return !patterns.isEmpty();
    }

    /** The literal names, in the order given. */
    List<String> literals() {
        return List.copyOf(literals);
    }

    /** The patterns as given, for messages. */
    List<String> patterns() {
        return List.copyOf(patternArgs);
    }

    /** True when no argument was given, or the name is one of the literals, or a pattern matches it whole. */
    boolean matches(String name) {
        return isEmpty() || literals.contains(name) || matchesPattern(name);
    }

    /**
     * The names selected, sorted and without duplicates: the literals (whether or not they exist;
     * the caller checks) and every existing name that a pattern matches and {@code patternMayMatch}
     * accepts.
     */
    List<String> select(Collection<String> existing, Predicate<String> patternMayMatch) {
        TreeSet<String> out = new TreeSet<>(literals);
        for (String name : existing) {
            if (patternMayMatch.test(name) && matchesPattern(name)) {
                out.add(name);
            }
        }
        return List.copyOf(out);
    }

    private boolean matchesPattern(String name) {
        for (Pattern p : patterns) {
            if (p.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    private void addPattern(String arg, Pattern pattern) {
        patterns.add(pattern);
        patternArgs.add(arg);
    }

    /** A glob as a regular expression: {@code *} any run, {@code ?} one character, the rest literally. */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            re.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
