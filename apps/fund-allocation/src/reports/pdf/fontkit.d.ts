// fontkit ships no types; pdfkit depends on it and this is the one call the report makes itself.
declare module 'fontkit' {
  export interface Font {
    characterSet: number[];
  }
  export function create(buffer: Buffer): Font;
}
