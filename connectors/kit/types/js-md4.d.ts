// js-md4 ships no type declarations; this is the part of its API the kit uses.
declare module 'js-md4' {
  interface Md4 {
    update(message: string | ArrayBuffer | Uint8Array): Md4;
    arrayBuffer(): ArrayBuffer;
    hex(): string;
  }
  interface Md4Api {
    (message: string | ArrayBuffer | Uint8Array): string;
    create(): Md4;
    arrayBuffer(message: string | ArrayBuffer | Uint8Array): ArrayBuffer;
  }
  const md4: Md4Api;
  export default md4;
}
