/** Placeholder until this screen is built: says so plainly instead of failing. */
export function LookupsScreen() {
  return (
    <section className="empty-state" aria-label="Lookups">
      <h2>Lookups</h2>
      <p>This screen is not built yet.</p>
    </section>
  );
}
