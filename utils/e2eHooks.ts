/**
 * Names of what the e2e build (`wxt build --mode e2e`) exposes for tests, and nothing else: product builds drop
 * the code that sets them. A leaf module, so Node-side e2e tests can import the names without the browser code.
 */

/** In the service worker: the notification listeners registerNotificationEvents (utils/notify.ts) registered. */
export const E2E_NOTIFICATION_HOOK = '__accE2eNotificationEvents';

export interface NotificationEventsHook {
  readonly onClicked: (id: string) => void;
  readonly onButtonClicked: (id: string, index: number) => void;
}
