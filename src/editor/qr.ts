// QR codes for the editor, drawn in the browser so a second-factor secret never goes to a third party.
// Bundled into resources/qr.js; the auth-users dialog calls window.NodeRedContribSecurityQr.qrSvg.
import qrcode from "qrcode-generator";

/**
 * SVG markup of a QR code for `text` (medium error correction, the usual four-module quiet zone). It
 * scales to its container; the text itself is not in the markup.
 */
export function qrSvg(text: string): string {
  const qr = qrcode(0, "M");
  // The library writes one byte per character: hand it UTF-8, which is what QR readers expect.
  qr.addData(String.fromCharCode(...new TextEncoder().encode(text)));
  qr.make();
  return qr.createSvgTag({ cellSize: 4, margin: 16, scalable: true });
}
