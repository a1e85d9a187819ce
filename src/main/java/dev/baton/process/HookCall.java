package dev.baton.process;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A hook request to send: where, with which idempotency key, and the JSON body. */
public record HookCall(Hook hook, String url, String idempotencyKey, ObjectNode body) {}
