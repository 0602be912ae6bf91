use super::*;
use crate::Object;
use serde_json::json;

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/nrp/models-config"
);

/// A copy of the example folder in a fresh temporary folder, with a comment added above and
/// after the first line of every document of every file.
fn commented_copy(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nrp-folder-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for f in document::yaml_files(Path::new(EXAMPLE)).unwrap() {
        let rel = f.strip_prefix(EXAMPLE).unwrap();
        let text = std::fs::read_to_string(&f).unwrap();
        let mut out = String::new();
        for (i, l) in text.lines().enumerate() {
            if l.starts_with("apiVersion:") {
                out.push_str(&format!("# doc comment {i}\n"));
            }
            if l.starts_with("  name:") {
                out.push_str(&format!("{l} # name comment {i}\n"));
            } else {
                out.push_str(l);
                out.push('\n');
            }
        }
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, out).unwrap();
    }
    dir
}

fn without(set: &ConfigSet, kind: &str, name: &str) -> ConfigSet {
    ConfigSet::from_objects(
        set.objects()
            .iter()
            .filter(|o| !(o.kind() == kind && o.name() == name))
            .cloned(),
    )
}

#[test]
fn the_same_objects_change_nothing() {
    let dir = commented_copy("same");
    let mut f = Folder::open(&dir).unwrap();
    assert!(!f.objects().is_empty());
    f.replace(f.objects().clone());
    assert_eq!(f.changes().unwrap(), []);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_removed_object_leaves_with_its_comments_only() {
    let dir = commented_copy("remove");
    let mut f = Folder::open(&dir).unwrap();
    let b = f
        .objects()
        .objects()
        .iter()
        .find(|o| o.kind() == "Backend")
        .unwrap()
        .clone();
    let file = PathBuf::from(&*b.origin().unwrap().file);
    f.replace(without(f.objects(), "Backend", b.name()));
    let changes = f.changes().unwrap();
    assert_eq!(changes.len(), 1);
    let c = &changes[0];
    assert_eq!(dir.join(&c.path), file);
    let before = c.before.as_deref().unwrap();
    let after = c.after.as_deref().unwrap();
    // Only lines go; every remaining line is an old line, in order.
    let mut old = before.lines();
    for l in after.lines() {
        assert!(old.any(|o| o == l), "{l} is new");
    }
    let gone = before.lines().count() - after.lines().count();
    let own = before
        .split("---\n")
        .find(|d| d.contains(&format!("name: {} #", b.name())))
        .unwrap()
        .lines()
        .count();
    assert_eq!(gone, own + 1, "the document and its separator");
    let saved = f.save().unwrap();
    assert_eq!(saved.written.len(), 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn new_objects_go_next_to_their_siblings() {
    let dir = commented_copy("add");
    let mut f = Folder::open(&dir).unwrap();
    let mut objects = f.objects().objects().to_vec();
    let sdsc = objects
        .iter()
        .find(|o| o.kind() == "Backend" && o.name().contains("sdsc"))
        .unwrap()
        .clone();
    let mut v = sdsc.value().clone();
    v["metadata"]["name"] = json!(format!("{}-2", sdsc.name()));
    objects.push(Object::new(v));
    let route = objects
        .iter()
        .find(|o| o.kind() == "AIGatewayRoute")
        .unwrap()
        .clone();
    let mut v = route.value().clone();
    v["metadata"]["name"] = json!("envoy-ai-gateway-nrp-new");
    objects.push(Object::new(v));
    f.replace(ConfigSet::from_objects(objects));
    let changes = f.changes().unwrap();
    let paths: Vec<_> = changes.iter().map(|c| c.path.clone()).collect();
    let sdsc_file = Path::new(&*sdsc.origin().unwrap().file)
        .strip_prefix(&dir)
        .unwrap()
        .to_path_buf();
    assert_eq!(
        paths,
        [
            sdsc_file,
            PathBuf::from("gatewayroute/envoy-ai-gateway-nrp-new.yaml")
        ]
    );
    assert!(changes[1].before.is_none());
    // The existing file only grows at its end.
    let c = &changes[0];
    assert!(
        c.after
            .as_deref()
            .unwrap()
            .starts_with(c.before.as_deref().unwrap())
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_file_left_without_objects_is_removed_and_diffs_say_so() {
    let dir = commented_copy("empty");
    let mut f = Folder::open(&dir).unwrap();
    let quota_file = dir.join("quotapolicy.yaml");
    let keep: Vec<Object> = f
        .objects()
        .objects()
        .iter()
        .filter(|o| Path::new(&*o.origin().unwrap().file) != quota_file)
        .cloned()
        .collect();
    f.replace(ConfigSet::from_objects(keep));
    let diff = f.diff().unwrap();
    assert!(
        diff.starts_with("--- a/quotapolicy.yaml\n+++ /dev/null\n"),
        "{diff}"
    );
    let report = f.save().unwrap();
    assert_eq!(report.removed, [PathBuf::from("quotapolicy.yaml")]);
    assert!(!quota_file.exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_folder_that_cannot_be_read_is_refused() {
    let dir = std::env::temp_dir().join(format!("nrp-folder-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.yaml"), "kind: [\n").unwrap();
    let err = Folder::open(&dir).unwrap_err();
    let d = err.diagnostics();
    assert!(
        d[0].location.file.as_deref().unwrap().ends_with("a.yaml"),
        "{d:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
