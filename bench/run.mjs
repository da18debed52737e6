// `npm run bench`: prints figures and ratios for the speed and memory targets. Not a test.
import { benchWebhook } from './webhook.mjs';

const only = process.argv[2];
if (!only || only === 'webhook') await benchWebhook();
