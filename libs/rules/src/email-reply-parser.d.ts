// email-reply-parser 2.1 ships no type declarations; this is the part Orgo uses.
declare module 'email-reply-parser' {
  interface ParsedEmail {
    getVisibleText(options?: { aggressive?: boolean }): string;
  }
  class EmailReplyParser {
    read(text: string): ParsedEmail;
  }
  export = EmailReplyParser;
}
