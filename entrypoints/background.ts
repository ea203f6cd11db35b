export default defineBackground({
  type: 'module',
  main() {
    // Wiring only; the services live in utils/. Filled in by the core issue.
    browser.runtime.onInstalled.addListener(() => {
      void browser.action.setBadgeText({ text: '' });
    });
  },
});
