/** Placeholder until this part is built: says so plainly instead of failing. */
export function MappingCanvas({ stream }: { stream: string }) {
  return <p className="empty-state">MappingCanvas for {stream} is not built yet.</p>;
}
