// bcrypt hashes made once for the tests (making them at test time would cost seconds).
// The strong password is "violet-Tractor-93-umbrella".
export const STRONG_PASSWORD = "violet-Tractor-93-umbrella";
export const STRONG_12 = "$2b$12$WRuetVakmFwHle6H5/tvR..zAZKZnz2ouHqpjQ6HP48wWA.IlDV1S";
export const STRONG_10 = "$2b$10$mv7JvDGapGIBXFjAgKG80eOunRYeA8/tj92qMnyeg3gKVsQn76DBm";
export const CHEAP_8 = "$2b$08$9DyW8Lzq5elOqrN9OxdkoOGcvycUOwGG6UtrzDgZXTqGWbPF2wqxO";
/** "admin", cost 10. */
export const ADMIN_10 = "$2b$10$vu/6PpHwbkLPBRx9r.hjBOBz/yhR9e2TVt3vdH7HqR75w2ZR/JbOy";
/** "password", cost 10 — not the template's hash, the same password. */
export const PASSWORD_10 = "$2b$10$bzZpuk8k0dIMtFillu0JseQsviU004rdPQjiV/I4u.g8lane..Vvm";
/** "changeme", cost 4. */
export const CHANGEME_4 = "$2b$04$vuVtO5q4sllniZbKN4azkeJDXDOVdhSrGl/5eedfeR691igTb6kB.";
/** MD5 of the strong password, as legacy httpNodeAuth accepted. */
export const STRONG_MD5 = "10d08370aabb49a823dc72df3df624d3";
/** The example hash from Node-RED's settings.js template ("password", cost 8). */
export const TEMPLATE_HASH = "$2a$08$zZWtXTja0fB1pzD4sHCMyOCMYz2Z6dNbM6tl8sJogENOMcxWV9DN.";
