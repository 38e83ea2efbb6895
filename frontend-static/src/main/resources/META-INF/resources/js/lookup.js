// The consumer's code lookup (/scan.html): a GS1 Digital Link, a lot address or "GTIN LOT" typed,
// pasted or scanned (where the browser has BarcodeDetector) opens that lot's page on this server.
import { parseDigitalLink, startScanner } from './scan.js';

/** The address of the lot's page on this server, or null when the text names no lot. */
export function lotPath(text) {
	const link = parseDigitalLink(text);
	return link ? `/01/${link.gtin}/10/${encodeURIComponent(link.lot)}` : null;
}

function go(text) {
	const path = lotPath(text);
	const error = document.getElementById('lookup-error');
	if (!path) {
		error.hidden = false;
		document.getElementById('lookup-code').setAttribute('aria-invalid', 'true');
		return;
	}
	error.hidden = true;
	location.assign(path);
}

function init() {
	const form = document.getElementById('lookup-form');
	const input = document.getElementById('lookup-code');
	form.addEventListener('submit', (event) => {
		event.preventDefault();
		go(input.value);
	});
	// a code passed in the address (?code=...), as the form sends it without script
	const given = new URLSearchParams(location.search).get('code');
	if (given) {
		input.value = given;
		go(given);
	}
	if (!('BarcodeDetector' in window)) {
		return;
	}
	const camera = document.getElementById('camera');
	const video = document.getElementById('lookup-video');
	const start = document.getElementById('camera-start');
	const stop = document.getElementById('camera-stop');
	let scanner = null;
	const halt = () => {
		if (scanner) {
			scanner.stop();
			scanner = null;
		}
		video.hidden = true;
		start.hidden = false;
		stop.hidden = true;
	};
	camera.hidden = false;
	start.addEventListener('click', async () => {
		document.getElementById('camera-error').hidden = true;
		try {
			scanner = await startScanner(video, (text) => {
				halt();
				input.value = text;
				go(text);
			});
			video.hidden = false;
			start.hidden = true;
			stop.hidden = false;
		} catch {
			document.getElementById('camera-error').hidden = false;
			halt();
		}
	});
	stop.addEventListener('click', halt);
}

if (typeof document !== 'undefined') {
	init();
}
