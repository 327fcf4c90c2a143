import { describe, expect, it } from 'vitest';
import { escapeXmlText, xmlDocument } from './xml.ts';

describe('GeoReport XML', () => {
  it('escapes markup, drops what XML 1.0 cannot carry, and keeps every other character', () => {
    expect(escapeXmlText(`Tom & Jerry's <"ferry">`)).toBe('Tom &amp; Jerry&apos;s &lt;&quot;ferry&quot;&gt;');
    expect(escapeXmlText('bell\u0007, lone \uD800 surrogate, \uFFFE end')).toBe('bell, lone  surrogate,  end');
    expect(escapeXmlText('tab\tline\nreturn\r')).toBe('tab\tline\nreturn\r');
    expect(escapeXmlText('Tallinn–Helsinki 🚢 Ülemiste')).toBe('Tallinn–Helsinki 🚢 Ülemiste');
    expect(escapeXmlText('R&D')).toBe('R&amp;D');
    const plain = 'nothing to change here';
    expect(escapeXmlText(plain)).toBe(plain);
  });

  it('writes objects, lists and nulls as elements, and refuses a name that is no element name', () => {
    expect(xmlDocument('service_requests', [{ service_request_id: 'BN-2026-1', lat: 60.17, status_notes: null, description: 'a < b' }])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><service_requests><request><service_request_id>BN-2026-1</service_request_id><lat>60.17</lat><status_notes/><description>a &lt; b</description></request></service_requests>',
    );
    expect(() => xmlDocument('errors', [{ 'bad name': 1 }])).toThrow(/not an element name/);
    // Checked again each time, not only the first.
    expect(() => xmlDocument('errors', [{ 'bad name': 1 }])).toThrow(/not an element name/);
  });
});
