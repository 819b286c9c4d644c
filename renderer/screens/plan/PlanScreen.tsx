/** Placeholder until this screen is built: says so plainly instead of failing. */
export function PlanScreen() {
  return (
    <section className="empty-state" aria-label="Plan">
      <h2>Plan</h2>
      <p>This screen is not built yet.</p>
    </section>
  );
}
