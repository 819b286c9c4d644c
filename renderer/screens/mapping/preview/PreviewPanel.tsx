/** Placeholder until this part is built: says so plainly instead of failing. */
export function PreviewPanel({ stream }: { stream: string }) {
  return <p className="empty-state">PreviewPanel for {stream} is not built yet.</p>;
}
