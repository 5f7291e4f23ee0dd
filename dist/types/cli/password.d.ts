export interface PasswordSources {
    password?: string;
    passwordFile?: string;
    env?: NodeJS.ProcessEnv;
}
/** The password the user gave, or undefined for the default. Throws a usage error on two sources. */
export declare function passwordFromSources({ password, passwordFile, env, }: PasswordSources): string | undefined;
