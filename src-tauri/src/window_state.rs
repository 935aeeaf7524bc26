//! Remembers the main window's size and position in the data directory (`window.json`), saved
//! when the window closes and applied at the next start if it still fits on a monitor.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tauri::{PhysicalPosition, PhysicalSize, WebviewWindow};

/// The file's name inside the data directory.
pub const FILE_NAME: &str = "window.json";

/// The window's outer geometry in physical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Geometry {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
    #[serde(default)]
    pub maximized: bool,
}

/// A monitor's area, physical pixels.
#[derive(Debug, Clone, Copy)]
pub struct Area {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

impl Geometry {
    /// The geometry to apply on screens `monitors`, with the window at least `min` in size:
    /// `None` when the saved window's top-left corner is on no monitor (a monitor was unplugged).
    pub fn fit(self, monitors: &[Area], min: (u32, u32)) -> Option<Geometry> {
        let m = monitors.iter().find(|m| {
            self.x >= m.x
                && self.y >= m.y
                && i64::from(self.x) < i64::from(m.x) + i64::from(m.width)
                && i64::from(self.y) < i64::from(m.y) + i64::from(m.height)
        })?;
        Some(Geometry {
            width: self.width.clamp(min.0, m.width.max(min.0)),
            height: self.height.clamp(min.1, m.height.max(min.1)),
            ..self
        })
    }
}

pub fn path(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE_NAME)
}

pub fn load(data_dir: &Path) -> Option<Geometry> {
    serde_json::from_slice(&std::fs::read(path(data_dir)).ok()?).ok()
}

pub fn save(data_dir: &Path, g: &Geometry) -> std::io::Result<()> {
    let tmp = data_dir.join(format!("{FILE_NAME}.tmp"));
    std::fs::write(&tmp, serde_json::to_vec(g)?)?;
    std::fs::rename(tmp, path(data_dir))
}

/// The window's geometry now (the size before maximising is not known: then only the flag).
pub fn current(w: &WebviewWindow) -> Option<Geometry> {
    let pos = w.outer_position().ok()?;
    let size = w.inner_size().ok()?;
    Some(Geometry {
        x: pos.x,
        y: pos.y,
        width: size.width,
        height: size.height,
        maximized: w.is_maximized().unwrap_or(false),
    })
}

/// Applies the saved geometry to `w`, if there is one that fits.
pub fn restore(w: &WebviewWindow, data_dir: &Path) {
    let Some(saved) = load(data_dir) else { return };
    let monitors: Vec<Area> = w
        .available_monitors()
        .unwrap_or_default()
        .iter()
        .map(|m| Area {
            x: m.position().x,
            y: m.position().y,
            width: m.size().width,
            height: m.size().height,
        })
        .collect();
    let scale = w.scale_factor().unwrap_or(1.0);
    let min = ((800.0 * scale) as u32, (500.0 * scale) as u32);
    let Some(g) = saved.fit(&monitors, min) else {
        return;
    };
    let _ = w.set_size(PhysicalSize::new(g.width, g.height));
    let _ = w.set_position(PhysicalPosition::new(g.x, g.y));
    if g.maximized {
        let _ = w.maximize();
    }
}

/// Saves the geometry whenever the main window is about to close.
pub fn track(w: &WebviewWindow, data_dir: PathBuf) {
    let win = w.clone();
    w.on_window_event(move |e| {
        if let tauri::WindowEvent::CloseRequested { .. } = e {
            if let Some(g) = current(&win) {
                if let Err(err) = save(&data_dir, &g) {
                    eprintln!("coldstart: warning: could not save the window's size: {err}");
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCREEN: Area = Area {
        x: 0,
        y: 0,
        width: 1920,
        height: 1080,
    };

    #[test]
    fn saved_geometry_round_trips_through_the_data_directory() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()), None);
        let g = Geometry {
            x: 40,
            y: 30,
            width: 1000,
            height: 700,
            maximized: false,
        };
        save(dir.path(), &g).unwrap();
        assert_eq!(load(dir.path()), Some(g));
    }

    #[test]
    fn a_window_on_a_monitor_that_is_gone_is_not_placed_off_screen() {
        let g = Geometry {
            x: 2500,
            y: 100,
            width: 1000,
            height: 700,
            maximized: false,
        };
        assert_eq!(g.fit(&[SCREEN], (800, 500)), None);
        let second = Area {
            x: 1920,
            y: 0,
            width: 1920,
            height: 1080,
        };
        assert_eq!(g.fit(&[SCREEN, second], (800, 500)), Some(g));
    }

    #[test]
    fn sizes_are_kept_between_the_minimum_and_the_monitor() {
        let tiny = Geometry {
            x: 0,
            y: 0,
            width: 100,
            height: 50,
            maximized: false,
        };
        let fitted = tiny.fit(&[SCREEN], (800, 500)).unwrap();
        assert_eq!((fitted.width, fitted.height), (800, 500));
        let huge = Geometry {
            width: 5000,
            height: 4000,
            ..tiny
        };
        let fitted = huge.fit(&[SCREEN], (800, 500)).unwrap();
        assert_eq!((fitted.width, fitted.height), (1920, 1080));
    }

    #[test]
    fn a_damaged_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(path(dir.path()), b"{not json").unwrap();
        assert_eq!(load(dir.path()), None);
    }
}
