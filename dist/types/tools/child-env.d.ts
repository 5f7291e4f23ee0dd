/**
 * The environment a child program (apt-get, QEMU, swtpm, qemu-img, xorriso) gets: the runner's, less what is
 * secret and none of their business: the action's inputs (the password among them), the Actions runtime's
 * tokens, GITHUB_TOKEN, and the CLI's password variable.
 */
/** The CLI reads the password from this variable, so that it is not on the command line. */
export declare const PASSWORD_ENV = "BAKE_WINDOWS_PASSWORD";
/** `env` without the variables a child must not see. Pure. */
export declare function childEnvironment(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
