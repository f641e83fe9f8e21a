// Product service contracts: HTTP bodies and replies, and the events it publishes.
export const productEvents = {};
