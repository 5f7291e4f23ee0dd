export declare const SECRET_MASK = "********";
/**
 * The forms of `secret` to mask, longest first (a longer form is masked before a shorter one inside it).
 * Empty and one-character secrets give none: masking those would garble everything (as log.redact). Pure.
 */
export declare function secretForms(secret: string): string[];
/** `text` with every form replaced by SECRET_MASK, and how many were replaced. Pure. */
export declare function maskSecretForms(text: string, forms: readonly string[]): {
    text: string;
    masked: number;
};
