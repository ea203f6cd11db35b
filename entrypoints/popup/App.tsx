export function App() {
  return (
    <main aria-label="Pending actions">
      <h1>Action Center Companion</h1>
      <p>Pending actions appear here.</p>
    </main>
  );
}
