//! The fields both views open with: 氏名, フリガナ, 通称名, 旧姓名, 生年月日, 住所.

use domain::dates::western;
use domain::license::RecordView;
use leptos::prelude::*;

use crate::components::field::Field;

#[component]
pub fn PersonFields(record: RecordView) -> impl IntoView {
    view! {
        <Field label="氏名">{record.name}</Field>
        <Field label="フリガナ">{record.kana}</Field>
        <Field label="通称名">{record.alias_name}</Field>
        <Field label="旧姓名">{record.former_name}</Field>
        <Field label="生年月日">{western(record.birth_date)}</Field>
        <Field label="住所">{record.address}</Field>
    }
}

/// A licence date that may be blank on the card.
pub fn optional_date(d: Option<chrono::NaiveDate>) -> String {
    d.map(western).unwrap_or_else(|| "記載なし".to_string())
}
