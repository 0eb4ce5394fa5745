/**
 * Text that people see next to each other's names must look like what it is. Control characters
 * (C0, DEL, C1) can hide or break a line; bidi overrides, embeddings, isolates and marks can
 * make "Acme‮moc.liam" read as something else; a lone surrogate is not text at all (it cannot be
 * encoded as UTF-8, so a password holding one would not be the password the user thinks).
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const hasLoneSurrogate = (s: string) => LONE_SURROGATE.test(s);

/** True for a name that may be shown as is: no control, no bidi control, no lone surrogate. */
export const isDisplaySafe = (s: string) => !CONTROL.test(s) && !BIDI.test(s) && !hasLoneSurrogate(s);

export const DISPLAY_UNSAFE_MESSAGE = 'must not contain control characters or text-direction (bidi) override characters';
export const LONE_SURROGATE_MESSAGE = 'contains an invalid character (a lone UTF-16 surrogate)';
