// MailDev loads this module at start and uses it only to clean an email's HTML when one email is fetched by its id
// (GET /email/:id). The tests read the list (GET /email) and clear it, never one email by id, so the real jsdom
// (and the forty packages under it, most of MailDev's install) is never installed.
module.exports = {};
