/**
 * A small XML parser for documents of a known, simple shape (a WIM's image list): elements, attributes, text,
 * character and the five predefined entity references, comments, CDATA and the XML declaration. No DTDs
 * (so no entity expansion), no namespaces. The action is bundled, so this stays free of dependencies.
 */
export interface XmlElement {
    name: string;
    attributes: Record<string, string>;
    children: XmlElement[];
    /** The element's own text (not its children's), entities decoded, untrimmed. */
    text: string;
}
export declare class XmlSyntaxError extends Error {
    constructor(message: string, at: number);
}
/** Pure: the root element of a document; throws XmlSyntaxError on anything malformed. */
export declare function parseXml(text: string): XmlElement;
/** The first child element at a "/"-separated path of names (matched case-insensitively), if any. */
export declare function findElement(element: XmlElement, path: string): XmlElement | undefined;
/** The trimmed text at a path; undefined when the element is missing or empty. */
export declare function elementText(element: XmlElement, path: string): string | undefined;
/** The child elements of a name (case-insensitive). */
export declare function childElements(element: XmlElement, name: string): XmlElement[];
