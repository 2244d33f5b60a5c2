package dev.sdpmcp.tools;

import dev.sdpmcp.config.Settings;
import dev.sdpmcp.confirm.Confirmations;
import dev.sdpmcp.sdp.SdpException;
import dev.sdpmcp.tokens.TokenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a tool declared {@link ToolDefinition#confirmedBy} only once its user agreed to what it will do, whatever the
 * model decides. How the user is asked depends on the client ({@link Consent}); a client that cannot ask gets the
 * preview and a single-use confirmation the next call must carry. Off with SDP_CONFIRM_DESTRUCTIVE=false.
 */
@ApplicationScoped
public class ConfirmationGate {

    /** How long a question to the user may wait for an answer, its request thread held meanwhile. */
    public static final java.time.Duration QUESTION_TIMEOUT = java.time.Duration.ofMinutes(2);

    @Inject
    Confirmations confirmations;

    @Inject
    Settings settings;

    /** How this call can reach its user. */
    public sealed interface Consent {
        /** The client cannot ask its user: the answer carries the preview and a confirmation. */
        Consent NONE = new None();

        record None() implements Consent {
        }

        /** The client asks its user now (form elicitation, 2025-11-25) and gives the answer. */
        record Ask(Asker asker) implements Consent {
        }

        /**
         * A 2026-07-28 client asks between two rounds of the same call: the first gets the question and a sealed state
         * ({@link InputNeeded}); the second brings the user's answer with that state ({@link Rounds}).
         */
        Consent IN_ROUNDS = new InRounds();

        record InRounds() implements Consent {
        }

        /** The second round: the user's answer, and the state the first round sealed. */
        record Rounds(boolean agreed, String state) implements Consent {
        }
    }

    @FunctionalInterface
    public interface Asker {
        /**
         * @return whether the user agreed
         * @throws ToolException when the question got no answer (left unanswered, or the client went away)
         */
        boolean ask(Preview preview) throws ToolException;
    }

    /** The first round of a 2026-07-28 call: the question for the user, and the state its answer must come back with. */
    public static final class InputNeeded extends Exception {
        private final transient Preview preview;
        private final String state;

        InputNeeded(Preview preview, String state) {
            super(preview.action(), null, false, false);
            this.preview = preview;
            this.state = state;
        }

        public Preview preview() {
            return preview;
        }

        public String state() {
            return state;
        }
    }

    /** The tool's answer, or why it did not run: the preview and how to confirm it, or the user's refusal. */
    public ToolResult run(ToolDefinition definition, ToolCall call, Consent consent)
            throws ToolException, SdpException, TokenException, InputNeeded {
        Map<String, Object> arguments = new LinkedHashMap<>(call.arguments());
        Object offered = arguments.remove(ToolDefinition.CONFIRMATION_ARG);
        ToolCall plain = new ToolCall(call.caller(), call.transport(), call.sessionId(), call.baseUrl(), arguments,
                call.resourceRead());
        if (definition.confirmation() == null || !settings.confirmDestructive()) {
            return definition.handler().handle(plain);
        }
        String owner = call.caller().clientHash();
        if (offered != null || consent instanceof Consent.Rounds) {
            if (consent instanceof Consent.Rounds answered && !answered.agreed()) {
                throw new ToolException("Nothing was changed: the user did not agree to this.");
            }
            redeem(definition, owner, arguments, offered != null ? offered.toString() : ((Consent.Rounds) consent).state());
            return definition.handler().handle(plain);
        }
        Preview preview = definition.confirmation().preview(plain);
        String sealed = confirmations.seal(owner, definition.name(), arguments);
        if (consent instanceof Consent.Ask ask) {
            if (!ask.asker().ask(preview)) {
                throw new ToolException("Nothing was changed: the user did not agree to this.\n" + preview.text());
            }
            redeem(definition, owner, arguments, sealed);
            return definition.handler().handle(plain);
        }
        if (!(consent instanceof Consent.InRounds)) {
            throw new ToolException(preview.text() + "\nNothing was changed yet: this needs the user's agreement. Show them "
                    + "the above; only if they agree, call " + definition.name() + " again with the same arguments and \""
                    + ToolDefinition.CONFIRMATION_ARG + "\": \"" + sealed + "\" (valid " + Confirmations.LIFETIME.toMinutes()
                    + " minutes, once).");
        }
        throw new InputNeeded(preview, sealed);
    }

    private void redeem(ToolDefinition definition, String owner, Map<String, Object> arguments, String confirmation)
            throws ToolException {
        try {
            confirmations.redeem(owner, definition.name(), arguments, confirmation);
        } catch (Confirmations.Refused refused) {
            throw new ToolException(refused.getMessage() + " Nothing was changed. Call " + definition.name()
                    + " without confirmation to see what it would do, and ask the user again.");
        }
    }
}
