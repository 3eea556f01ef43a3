'use client';
// Reads a household card's QR code with the phone's camera (the browser's BarcodeDetector, where it exists) into the
// form's card field and sends the form; without it, staff type the 20 characters printed under the code.

import { useEffect, useRef, useState, useSyncExternalStore } from 'react';

type Detector = { detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]> };
declare global {
  interface Window {
    BarcodeDetector?: new (options: { formats: string[] }) => Detector;
  }
}

const noSubscription = () => () => {};
const canScan = () => !!window.BarcodeDetector && !!navigator.mediaDevices?.getUserMedia;

export function CardScanner({ inputId }: { inputId: string }) {
  // Known only in the browser: the server renders without the button.
  const supported = useSyncExternalStore(noSubscription, canScan, () => false);
  const [scanning, setScanning] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    if (!scanning) return;
    let stream: MediaStream | null = null;
    let stopped = false;
    const detector = new window.BarcodeDetector!({ formats: ['qr_code'] });
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
        if (!video.current || stopped) return;
        video.current.srcObject = stream;
        await video.current.play();
        while (!stopped) {
          const [code] = await detector.detect(video.current);
          if (code?.rawValue) {
            const input = document.getElementById(inputId) as HTMLInputElement | null;
            if (input) {
              input.value = code.rawValue;
              input.form?.requestSubmit();
            }
            setScanning(false);
            return;
          }
          await new Promise((r) => setTimeout(r, 250));
        }
      } catch {
        setMessage('无法打开相机，请手动输入户卡下方的编号。');
        setScanning(false);
      }
    })();
    return () => {
      stopped = true;
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [scanning, inputId]);

  if (!supported) return null;
  return (
    <div className="space-y-2">
      <button type="button" onClick={() => setScanning((s) => !s)} className="min-h-11 rounded-lg border border-stone-500 bg-white px-4 text-sm font-medium hover:bg-stone-100">
        {scanning ? '停止扫码' : '用相机扫描户卡'}
      </button>
      {scanning && <video ref={video} className="w-full max-w-xs rounded-lg" muted playsInline aria-label="相机取景" />}
      {message && <p className="text-sm text-red-800">{message}</p>}
    </div>
  );
}
