//! The tablet's camera, to read the QR codes a participant's phone shows.
//! Codes are found by the browser's `BarcodeDetector` where it has one, and
//! otherwise by the core's reader (rqrr) on the frame's luminance.

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CameraError {
    /// The person or the browser's settings said no.
    Refused,
    /// No camera, or none that can be opened.
    NoCamera,
}

pub struct Camera {
    stream: JsValue,
    video: web_sys::HtmlVideoElement,
    canvas: JsValue,
    detector: Option<JsValue>,
}

fn get(target: &JsValue, name: &str) -> Result<JsValue, JsValue> {
    Reflect::get(target, &name.into())
}

fn call(target: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = get(target, name)?.dyn_into()?;
    f.apply(target, &args.iter().collect::<Array>())
}

async fn wait(promise: JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(promise.dyn_into::<Promise>()?).await
}

/// Opens the back camera into `video` (muted, inline, not shown to screen readers).
pub async fn open(video: web_sys::HtmlVideoElement) -> Result<Camera, CameraError> {
    let navigator: JsValue = web_sys::window().ok_or(CameraError::NoCamera)?.navigator().into();
    let devices = get(&navigator, "mediaDevices").ok().filter(|d| !d.is_undefined()).ok_or(CameraError::NoCamera)?;
    let constraints = Object::new();
    let wanted = Object::new();
    let facing = Object::new();
    let _ = Reflect::set(&facing, &"ideal".into(), &"environment".into());
    let _ = Reflect::set(&wanted, &"facingMode".into(), &facing);
    let _ = Reflect::set(&constraints, &"video".into(), &wanted);
    let _ = Reflect::set(&constraints, &"audio".into(), &false.into());
    let asked = call(&devices, "getUserMedia", &[constraints.into()]).map_err(|_| CameraError::NoCamera)?;
    let stream = wait(asked).await.map_err(|e| {
        match get(&e, "name").ok().and_then(|n| n.as_string()).as_deref() {
            Some("NotAllowedError" | "SecurityError") => CameraError::Refused,
            _ => CameraError::NoCamera,
        }
    })?;
    video.set_muted(true);
    let _ = video.set_attribute("playsinline", "");
    let _ = Reflect::set(&video, &"srcObject".into(), &stream);
    if let Ok(playing) = call(&video, "play", &[]) {
        let _ = wait(playing).await;
    }
    let global = js_sys::global();
    let detector = get(&global, "BarcodeDetector").ok().filter(|d| d.is_function()).and_then(|kind| {
        let options = Object::new();
        let _ = Reflect::set(&options, &"formats".into(), &Array::of1(&"qr_code".into()));
        Reflect::construct(kind.unchecked_ref::<Function>(), &Array::of1(&options)).ok()
    });
    let document: JsValue = web_sys::window().and_then(|w| w.document()).ok_or(CameraError::NoCamera)?.into();
    let canvas = call(&document, "createElement", &["canvas".into()]).map_err(|_| CameraError::NoCamera)?;
    Ok(Camera { stream, video, canvas, detector })
}

impl Camera {
    /// The text of each QR code in the current frame (none while the video
    /// has no frame yet).
    pub async fn codes(&self) -> Vec<String> {
        self.try_read().await.unwrap_or_default()
    }

    async fn try_read(&self) -> Result<Vec<String>, JsValue> {
        let (width, height) = (self.video.video_width() as usize, self.video.video_height() as usize);
        if width == 0 || height == 0 {
            return Ok(Vec::new());
        }
        if let Some(detector) = &self.detector {
            let found: Array = wait(call(detector, "detect", &[self.video.clone().into()])?).await?.dyn_into()?;
            return Ok(found.iter().filter_map(|code| get(&code, "rawValue").ok()?.as_string()).collect());
        }
        let _ = Reflect::set(&self.canvas, &"width".into(), &(width as u32).into());
        let _ = Reflect::set(&self.canvas, &"height".into(), &(height as u32).into());
        let options = Object::new();
        let _ = Reflect::set(&options, &"willReadFrequently".into(), &true.into());
        let context = call(&self.canvas, "getContext", &["2d".into(), options.into()])?;
        call(&context, "drawImage", &[self.video.clone().into(), 0.into(), 0.into()])?;
        let image = call(&context, "getImageData", &[0.into(), 0.into(), (width as u32).into(), (height as u32).into()])?;
        let rgba = js_sys::Uint8ClampedArray::new(&get(&image, "data")?).to_vec();
        // Luminance (BT.601) from red, green and blue.
        let luma: Vec<u8> = rgba
            .chunks_exact(4)
            .map(|p| ((p[0] as u32 * 299 + p[1] as u32 * 587 + p[2] as u32 * 114) / 1000) as u8)
            .collect();
        Ok(crate::core::qr::read(width, height, &luma))
    }

    /// Turns the camera off (its light goes out).
    pub fn close(&self) {
        if let Ok(tracks) = call(&self.stream, "getTracks", &[]) {
            for track in Array::from(&tracks).iter() {
                let _ = call(&track, "stop", &[]);
            }
        }
        let _ = Reflect::set(&self.video, &"srcObject".into(), &JsValue::NULL);
    }
}
