/**
 * Windows PowerShell started with -EncodedCommand and no terminal (an SSH exec request) writes its error
 * stream as CLIXML: `#< CLIXML` and then `<Objs …><S S="Error">message_x000D__x000A_</S>…</Objs>`
 * (PowerShell/PowerShell#16678). This turns that back into the text a console would show; any other text
 * is returned unchanged.
 */
export declare function plainStderr(text: string): string;
