/** Lua scripts are bundled as text (esbuild's text loader; a Vite plugin and a Node hook in tests and bench). */
declare module '*.lua' {
  const source: string;
  export default source;
}
