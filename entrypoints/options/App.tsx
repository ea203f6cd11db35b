export function App() {
  return (
    <main>
      <h1>Action Center Companion — Options</h1>
    </main>
  );
}
