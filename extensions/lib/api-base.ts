/**
 * Where the cards reach the service. `npm run hubspot:project -- --base-url https://…` writes the
 * deployed address here in the assembled project; it must be listed in app.json permittedUrls.fetch.
 */
export const API_BASE = 'https://rapport.example.com';
