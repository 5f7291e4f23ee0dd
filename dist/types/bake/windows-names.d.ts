import type { OptionNames } from './option-naming.js';
export declare const CONTROL_CHARACTERS: RegExp;
export declare function checkUsername(username: string, hostname: string, names: OptionNames): void;
export declare function checkPassword(password: string, names: OptionNames): void;
export declare function checkHostname(hostname: string, names: OptionNames): void;
/**
 * An unknown TimeZone fails Setup's specialize pass, which the build would only see as a timeout: check it
 * against CLDR's Windows ids here, and name the Windows id for an IANA name.
 */
export declare function checkTimeZone(timezone: string, names: OptionNames): void;
