/** Placeholder until this part is built: says so plainly instead of failing. */
export function ColumnEditor({ stream }: { stream: string }) {
  return <p className="empty-state">ColumnEditor for {stream} is not built yet.</p>;
}
