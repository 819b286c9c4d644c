/** Placeholder until this screen is built: says so plainly instead of failing. */
export function SourceScreen() {
  return (
    <section className="empty-state" aria-label="Source">
      <h2>Source</h2>
      <p>This screen is not built yet.</p>
    </section>
  );
}
