/**
 * Windows PowerShell started with -EncodedCommand and no terminal (an SSH exec request) writes its error
 * stream as CLIXML: `#< CLIXML` and then `<Objs …><S S="Error">message_x000D__x000A_</S>…</Objs>`
 * (PowerShell/PowerShell#16678). This turns that back into the text a console would show; any other text
 * is returned unchanged.
 */
export declare function plainStderr(text: string): string;
/**
 * One line of a command's stderr as it streams: the `#< CLIXML` header is dropped, a line of CLIXML becomes
 * the error lines it carries (progress records are dropped), any other line stays as it is.
 */
export declare function plainStderrLines(line: string): string[];
