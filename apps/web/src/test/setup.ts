import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// The whole suite shares two cores with the services' tests: give screens time to settle (a
// bound on waiting, not a duration: a screen that is right is found as soon as it shows).
configure({ asyncUtilTimeout: 15_000 });
// jsdom has no scrolling; the router's scroll restoration calls it.
window.scrollTo = () => {};

afterEach(() => {
  cleanup();
  localStorage.clear();
  sessionStorage.clear();
});
