/** Placeholder until this screen is built: says so plainly instead of failing. */
export function MappingScreen() {
  return (
    <section className="empty-state" aria-label="Mapping">
      <h2>Mapping</h2>
      <p>This screen is not built yet.</p>
    </section>
  );
}
