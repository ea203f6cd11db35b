/** Classic script in popup.html's head: starts the popup's store read before its modules run (popup/earlyRead.ts). */
import { DB_NAME, DB_VERSION } from '@/utils/store/identity';
import { startEarlyRead } from './popup/earlyRead';

export default defineUnlistedScript(() => startEarlyRead(DB_NAME, DB_VERSION));
