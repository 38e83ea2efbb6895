// QR scanning for the receiving screen with the browser's BarcodeDetector (Chrome, Edge,
// Android). No QR decoder WebJar could be resolved from Maven Central for this project, so where
// BarcodeDetector is missing the screen says so and takes the code typed or pasted (handheld
// scanners type it like a keyboard).

/**
 * Starts the camera and calls onCode with the text of the first QR seen.
 * @returns {Promise<{stop: () => void}>}
 * @throws {Error} with code 'unsupported' (no BarcodeDetector) or 'camera' (no camera or refused)
 */
export async function startScanner(video, onCode) {
	if (!('BarcodeDetector' in window)) {
		throw Object.assign(new Error('BarcodeDetector unsupported'), { code: 'unsupported' });
	}
	const formats = await window.BarcodeDetector.getSupportedFormats().catch(() => []);
	if (!formats.includes('qr_code')) {
		throw Object.assign(new Error('QR unsupported'), { code: 'unsupported' });
	}
	let stream;
	try {
		stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
	} catch (e) {
		throw Object.assign(new Error(e.message), { code: 'camera' });
	}
	const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
	video.srcObject = stream;
	await video.play();
	let running = true;
	const loop = async () => {
		if (!running) {
			return;
		}
		try {
			const codes = await detector.detect(video);
			if (codes.length > 0 && running) {
				onCode(codes[0].rawValue);
				return;
			}
		} catch {
			// frame not ready
		}
		setTimeout(loop, 250);
	};
	loop();
	return {
		stop() {
			running = false;
			stream.getTracks().forEach((track) => track.stop());
			video.srcObject = null;
		},
	};
}

/**
 * Reads a GS1 Digital Link (any host), a bare path, or "GTIN LOT" / "(01)GTIN(10)LOT".
 * @returns {{gtin: string, lot: string}|null}
 */
export function parseDigitalLink(text) {
	const s = String(text || '').trim();
	let m = s.match(/(?:^|\/)01\/(\d{8,14})\/10\/([^/?#]+)/);
	if (m) {
		return { gtin: m[1].padStart(14, '0'), lot: decodeURIComponent(m[2]) };
	}
	m = s.match(/^\(01\)(\d{14})\(10\)(.{1,20})$/);
	if (m) {
		return { gtin: m[1], lot: m[2] };
	}
	m = s.match(/^(\d{8,14})[\s,;]+(\S{1,20})$/);
	if (m) {
		return { gtin: m[1].padStart(14, '0'), lot: m[2] };
	}
	return null;
}
