/** Windows time zone ids (the answer file's TimeZone values). */
export declare const WINDOWS_TIME_ZONES: readonly string[];
/** IANA zone → the Windows id CLDR maps it to. */
export declare const IANA_TO_WINDOWS: Readonly<Record<string, string>>;
