/** Placeholder until this screen is built: says so plainly instead of failing. */
export function ConnectionsScreen() {
  return (
    <section className="empty-state" aria-label="Connections">
      <h2>Connections</h2>
      <p>This screen is not built yet.</p>
    </section>
  );
}
