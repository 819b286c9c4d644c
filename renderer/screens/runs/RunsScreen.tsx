/** Placeholder until this screen is built: says so plainly instead of failing. */
export function RunsScreen() {
  return (
    <section className="empty-state" aria-label="Runs">
      <h2>Runs</h2>
      <p>This screen is not built yet.</p>
    </section>
  );
}
