// html-to-text ships no types: the part of its API that src/mail/parse.ts uses.
declare module 'html-to-text' {
  export interface SelectorDefinition {
    selector: string;
    format?: string;
    options?: Record<string, unknown>;
  }
  export interface HtmlToTextOptions {
    wordwrap?: number | false | null;
    selectors?: SelectorDefinition[];
  }
  export function htmlToText(html: string, options?: HtmlToTextOptions): string;
}
