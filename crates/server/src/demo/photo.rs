//! The 顔写真 stand-in: a simple SVG portrait whose colours are derived from the person
//! id, so each person has a stable, distinguishable picture without storing images.

use sha2::{Digest, Sha256};

/// An SVG portrait for `person_id`, titled 顔写真 for assistive technology.
pub fn portrait_svg(person_id: &str) -> String {
    let digest = Sha256::digest(person_id.as_bytes());
    let hue = u16::from_be_bytes([digest[0], digest[1]]) % 360;
    let hair_hue = u16::from_be_bytes([digest[2], digest[3]]) % 360;
    let background = format!("hsl({hue},45%,85%)");
    let clothes = format!("hsl({hue},40%,35%)");
    let hair = format!("hsl({hair_hue},25%,20%)");
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 150" width="120" height="150" role="img">
<title>顔写真</title>
<rect width="120" height="150" fill="{background}"/>
<path d="M14 150 C14 112 36 100 60 100 C84 100 106 112 106 150 Z" fill="{clothes}"/>
<rect x="51" y="82" width="18" height="22" fill="#e9c4a4"/>
<ellipse cx="60" cy="60" rx="25" ry="30" fill="#f1d2b6"/>
<path d="M35 58 C33 30 48 24 60 24 C74 24 88 30 85 58 C80 44 70 38 60 38 C50 38 40 44 35 58 Z" fill="{hair}"/>
</svg>
"##
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titled_and_person_specific() {
        let taro = portrait_svg("taro");
        assert!(taro.starts_with("<svg") && taro.contains("<title>顔写真</title>"));
        assert_eq!(taro, portrait_svg("taro"));
        assert_ne!(taro, portrait_svg("hanako"));
    }
}
