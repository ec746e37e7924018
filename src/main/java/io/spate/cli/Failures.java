package io.spate.cli;

import io.spate.protocol.SpateException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns a command's failure into its exit code and its one line on stderr. Expected failures print
 * no stack trace:
 * <ul>
 *   <li>{@link CannotConnectException}, or a refused / unresolvable connection anywhere in the cause
 *       chain: {@code spate: cannot connect to …}, exit 3;
 *   <li>{@link SpateException} (a broker or client error): {@code spate: <ERROR_CODE>: <message>}, exit 1;
 *   <li>{@link CommandFailedException}: {@code spate: <message>}, exit 1.
 * </ul>
 * Anything else is a bug: {@code spate: internal error: …}, exit 1, and the stack trace too when the
 * environment sets {@value #DEBUG_ENV}.
 *
 * <p>Under {@code --json} the line is a JSON document instead ({@link #line}):
 * {@code {"error": KIND, "message": …, "exitCode": N}}, KIND being the wire error's name for a
 * broker error, else {@value #USAGE_KIND}, {@value #CANNOT_CONNECT_KIND}, {@value #FAILED_KIND} or
 * {@value #INTERNAL_KIND}.
 */
public final class Failures {
    /** Set (to anything) to get stack traces of unexpected errors. */
    public static final String DEBUG_ENV = "SPATE_DEBUG";
    static final String PREFIX = "spate: ";
    static final String USAGE_KIND = "USAGE";
    static final String CANNOT_CONNECT_KIND = "CANNOT_CONNECT";
    static final String FAILED_KIND = "COMMAND_FAILED";
    static final String INTERNAL_KIND = "INTERNAL_ERROR";

    private Failures() {
    }

    public static int report(Throwable failure, PrintStream err, boolean debug, boolean json) {
        Throwable t = unwrap(failure);
        int code;
        String kind;
        String message;
        if (t instanceof CannotConnectException) {
            code = ExitCodes.CANNOT_CONNECT;
            kind = CANNOT_CONNECT_KIND;
            message = t.getMessage();
        } else if (connectFailure(t) != null) {
            // also when the client wrapped it in a NETWORK_EXCEPTION: the cause is what the user must fix
            code = ExitCodes.CANNOT_CONNECT;
            kind = CANNOT_CONNECT_KIND;
            message = "cannot connect: " + connectFailure(t);
        } else if (t instanceof SpateException se) {
            code = ExitCodes.FAILED;
            kind = se.error().name();
            message = json ? detail(se) : describe(se);
        } else if (t instanceof CommandFailedException) {
            code = ExitCodes.FAILED;
            kind = FAILED_KIND;
            message = t.getMessage();
        } else {
            code = ExitCodes.FAILED;
            kind = INTERNAL_KIND;
            message = "internal error: " + t;
        }
        err.println(line(kind, message, code, json));
        if (debug && code == ExitCodes.FAILED && !(t instanceof SpateException || t instanceof CommandFailedException)) {
            t.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /** The one line of a failure: {@code spate: <message>}, or under --json a one-line JSON document. */
    static String line(String kind, String message, int exitCode, boolean json) {
        if (!json) {
            return PREFIX + oneLine(message);
        }
        return Json.compact(Json.object().put("error", kind).put("message", oneLine(message)).put("exitCode", exitCode));
    }

    /** {@code <ERROR_CODE>: <message>}, with the code's standard meaning when the broker sent no message. */
    static String describe(SpateException e) {
        String name = e.error().name();
        String message = e.getMessage();
        if (message == null || message.equals(name)) {
            return name + ": " + e.error().message();
        }
        return message.startsWith(name + ": ") ? message : name + ": " + message;
    }

    /** The exception's message without its leading {@code <ERROR_CODE>: }, or the code's standard meaning. */
    static String detail(SpateException e) {
        String described = describe(e);
        return described.substring(e.error().name().length() + 2);
    }

    /** Line breaks and tabs become spaces, so that the message stays one line. */
    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n\\t]+", " ").trim();
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The message of a connection-level failure in the cause chain, or null. */
    private static String connectFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof UnknownHostException
                    || c instanceof NoRouteToHostException) {
                return c.getClass().getSimpleName() + ": " + c.getMessage();
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }
}
