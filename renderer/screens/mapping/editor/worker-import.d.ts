/** Vite's `?worker` imports: the module's default export constructs the bundled web worker. */
declare module '*?worker' {
  const WorkerConstructor: new () => Worker;
  export default WorkerConstructor;
}
