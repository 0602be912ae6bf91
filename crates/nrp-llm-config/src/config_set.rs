//! A set of objects indexed by identity: the unit that is validated, planned and rendered.

use crate::ObjectRef;
use crate::diagnostic::{Code, Diagnostic, SourceLocation};
use crate::document::{self, KnownFiles, Limits, Object};
pub use crate::layout::{WriteError, WriteReport};
use crate::object_ref::RefKey;
use hashbrown::HashTable;
use std::path::Path;

/// Objects indexed by [`ObjectRef`] (group, kind, namespace, name), in load order.
///
/// ```
/// use nrp_llm_config::{ConfigSet, document::{parse_str, Limits}};
/// let objs = parse_str("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: x}\n", "a.yaml", &Limits::default()).unwrap();
/// let set = ConfigSet::from_objects(objs);
/// assert_eq!(set.len(), 1);
/// assert!(set.problems().is_empty());
/// ```
#[derive(Clone, Debug, Default)]
pub struct ConfigSet {
    objects: Vec<Object>,
    index: Index,
    problems: Vec<Diagnostic>,
    /// The files the set was read from, for reading another state against it.
    known: KnownFiles,
}

/// Where the named objects of a set are, by identity: positions in the set's objects, hashed by
/// the identity each object carries ([`RefKey::hash`], taken when the object was built), so the
/// index holds no copy of the names and building it reads no tree.
#[derive(Clone, Debug, Default)]
struct Index {
    positions: HashTable<usize>,
}

impl Index {
    /// The position among `objects` (the set's objects) of the object identified by `key`,
    /// whose hash is `hash`.
    fn find(&self, objects: &[Object], key: RefKey<'_>, hash: u64) -> Option<usize> {
        self.positions
            .find(hash, |&i| {
                objects[i].identity_hash() == Some(hash)
                    && RefKey::of(objects[i].value()) == Some(key)
            })
            .copied()
    }

    /// Records that an object whose identity hashes to `hash` is at `at` among `objects`; its
    /// identity must not be indexed yet.
    fn insert(&mut self, objects: &[Object], hash: u64, at: usize) {
        self.positions.insert_unique(hash, at, |&i| {
            objects[i].identity_hash().unwrap_or_default()
        });
    }

    /// Makes room for `more` objects.
    fn reserve(&mut self, objects: &[Object], more: usize) {
        self.positions
            .reserve(more, |&i| objects[i].identity_hash().unwrap_or_default());
    }

    fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }
}

/// What [`ConfigSet::admit`] decided about an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Admit {
    /// Kept and indexed.
    Indexed,
    /// Kept without an identity (a problem is recorded).
    Unnamed,
    /// A second definition, left out (a problem is recorded).
    Drop,
}

/// The problem recorded for an object without `metadata.name`.
pub(crate) fn missing_name(object: &Object) -> Diagnostic {
    object.locate_diagnostic(
        Diagnostic::error(Code::MISSING_NAME, "metadata.name: Required value")
            .with_path("metadata.name".parse().unwrap_or_default())
            .with_hint("every object needs `metadata: {name: ...}`"),
    )
}

/// The problem recorded for a second definition of `r` found at `here` (the object's own
/// location); `first` is where the first definition is.
pub(crate) fn duplicate(r: ObjectRef, here: SourceLocation, first: &SourceLocation) -> Diagnostic {
    let mut d = Diagnostic::error(Code::DUPLICATE_OBJECT, format!("{r} is defined twice"))
        .with_object(r)
        .with_hint(format!(
            "the first definition is at {}:{}; remove one of them",
            first.file.as_deref().unwrap_or_default(),
            first.line.unwrap_or(0)
        ));
    d.location = here;
    d
}

impl ConfigSet {
    /// Writes the set into the folder `out` in the models-config layout, atomically file by file
    /// ([`crate::write_atomic`]). Files already in `out` are edited in place through
    /// [`crate::folder::Folder`]: unchanged objects stay byte for byte, comments stay with their
    /// nodes, and files of `out` left without objects are removed. Objects keep the file they
    /// are in, in `out` or else in `current_dir` (the folder `current` was read from); new ones
    /// go next to their siblings. Nothing is written when a file cannot be edited exactly
    /// ([`WriteError::Edit`]).
    ///
    /// ```
    /// use nrp_llm_config::{ConfigSet, Object};
    /// let dir = std::env::temp_dir().join(format!("nrp-layout-doc-{}", std::process::id()));
    /// let set = ConfigSet::from_objects([Object::new(serde_json::json!({
    ///     "apiVersion": "gateway.envoyproxy.io/v1alpha1", "kind": "Backend",
    ///     "metadata": {"name": "b", "namespace": "nrp-llm"}}))]);
    /// let report = set.write_folder(&dir, None, None).unwrap();
    /// assert_eq!(report.written, [std::path::PathBuf::from("backend/backends.yaml")]);
    /// let again = set.write_folder(&dir, None, None).unwrap();
    /// assert!(again.written.is_empty());
    /// assert_eq!(again.unchanged.len(), 1);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn write_folder(
        &self,
        out: &Path,
        current: Option<&ConfigSet>,
        current_dir: Option<&Path>,
    ) -> Result<WriteReport, WriteError> {
        crate::layout::write_folder(self, out, current, current_dir, &Default::default())
    }

    /// [`ConfigSet::write_folder`], with the file (relative to `out`) each new object goes to
    /// where `placement` names one (a catalog's `file:`, [`crate::Catalog::placement`]); it
    /// wins over the file the object has in `current_dir`. An object already in `out` stays in
    /// its file.
    pub fn write_folder_placed(
        &self,
        out: &Path,
        current: Option<&ConfigSet>,
        current_dir: Option<&Path>,
        placement: &std::collections::BTreeMap<ObjectRef, std::path::PathBuf>,
    ) -> Result<WriteReport, WriteError> {
        crate::layout::write_folder(self, out, current, current_dir, placement)
    }

    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds a set. Objects without a name, and second definitions of the same object, are
    /// reported in [`ConfigSet::problems`] (the first definition wins).
    pub fn from_objects(objects: impl IntoIterator<Item = Object>) -> Self {
        // A `Vec` is taken over where it is (collecting a `Vec`'s own iterator does not copy).
        let mut objects: Vec<Object> = objects.into_iter().collect();
        let mut set = Self::default();
        set.index.reserve(&[], objects.len());
        // The kept objects move to the front, in order, over the second definitions.
        let mut kept = 0;
        for i in 0..objects.len() {
            let (before, from_here) = objects.split_at(i);
            let admit = set.admit(&before[..kept], &from_here[0]);
            if admit != Admit::Drop {
                objects.swap(kept, i);
                kept += 1;
            }
        }
        objects.truncate(kept);
        set.objects = objects;
        set
    }

    /// Loads files and folders. Unreadable files become problems; the rest is still loaded.
    pub fn load<P: AsRef<Path>>(paths: &[P], limits: &Limits) -> Self {
        Self::from_loaded(document::load_paths(paths, limits))
    }

    /// Builds a set from what a loader read: the files that could not be read come first in
    /// [`ConfigSet::problems`], then the problems of indexing the objects.
    pub fn from_loaded(loaded: document::Loaded) -> Self {
        let mut set = Self::from_objects(loaded.objects);
        let mut problems = loaded.errors;
        problems.append(&mut set.problems);
        set.problems = problems;
        set
    }

    /// Adds an object. Returns `false` (and records a problem) when it has no name or its
    /// identity is already present.
    pub fn insert(&mut self, object: Object) -> bool {
        let objects = std::mem::take(&mut self.objects);
        let admit = self.admit(&objects, &object);
        self.objects = objects;
        if admit != Admit::Drop {
            self.objects.push(object);
        }
        admit == Admit::Indexed
    }

    /// Decides about `object`, offered after `kept` (the set's objects so far), recording the
    /// problem when it has no name or its identity is already present, and indexing it at
    /// `kept.len()` otherwise.
    fn admit(&mut self, kept: &[Object], object: &Object) -> Admit {
        let (Some(hash), Some(key)) = (object.identity_hash(), RefKey::of(object.value())) else {
            self.problems.push(missing_name(object));
            // Kept anyway so nothing is lost when writing back.
            return Admit::Unnamed;
        };
        if let Some(first) = self.index.find(kept, key, hash) {
            let first_loc = kept[first].source_location(&Default::default());
            let here = object.source_location(&Default::default());
            self.problems
                .push(duplicate(key.to_owned(), here, &first_loc));
            return Admit::Drop;
        }
        self.index.insert(kept, hash, kept.len());
        Admit::Indexed
    }

    /// Problems found while loading and indexing.
    pub fn problems(&self) -> &[Diagnostic] {
        &self.problems
    }

    /// Number of objects.
    pub fn len(&self) -> usize {
        self.objects.len()
    }

    /// True when the set holds no object.
    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    /// All objects, in load order.
    pub fn objects(&self) -> &[Object] {
        &self.objects
    }

    /// Consumes the set, returning its objects.
    pub fn into_objects(self) -> Vec<Object> {
        self.objects
    }

    /// Makes every object of `objects` that is identical to the object of the same identity in
    /// this set hold that object's tree instead of its own copy (see `Object::share_tree`):
    /// less memory for a second state that is mostly the same as this one, and nothing else
    /// changes.
    pub(crate) fn share_trees(&self, objects: &mut [Object]) {
        if self.index.is_empty() {
            return;
        }
        for o in objects {
            if let Some(base) = self.same_identity(o) {
                o.share_tree(base);
            }
        }
    }

    /// The files this set was read from without error (by [`crate::Source`]), by content: a
    /// state read against this one takes the objects of an identical file from here instead of
    /// parsing it again.
    pub(crate) fn known_files(&self) -> &KnownFiles {
        &self.known
    }

    /// This set, remembering the files it was read from.
    pub(crate) fn with_known_files(mut self, known: KnownFiles) -> Self {
        self.known = known;
        self
    }

    /// The object of this set with the identity of `object` (which may belong to another set),
    /// found without building an [`ObjectRef`]: the identity hash `object` carries picks the
    /// candidates.
    pub(crate) fn same_identity(&self, object: &Object) -> Option<&Object> {
        let hash = object.identity_hash()?;
        let key = RefKey::of(object.value())?;
        self.index
            .find(&self.objects, key, hash)
            .map(|i| &self.objects[i])
    }

    /// Looks an object up by identity.
    pub fn get(&self, r: &ObjectRef) -> Option<&Object> {
        let key = r.key();
        self.index
            .find(&self.objects, key, key.hash())
            .map(|i| &self.objects[i])
    }

    /// Objects of one group and kind.
    pub fn of_kind<'a>(
        &'a self,
        group: &'a str,
        kind: &'a str,
    ) -> impl Iterator<Item = &'a Object> + 'a {
        self.objects.iter().filter(move |o| {
            o.kind() == kind && crate::object_ref::group_of(o.api_version()) == group
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse_str;

    #[test]
    fn first_definitions_win_in_order_and_unnamed_objects_stay() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: x}\ndata: {n: '1'}\n---\n\
                    apiVersion: v1\nkind: ConfigMap\nmetadata: {namespace: x}\n---\n\
                    apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: x}\ndata: {n: '2'}\n---\n\
                    apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: x}\n---\n\
                    apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: y}\n";
        let objects = parse_str(text, "s.yaml", &Limits::default()).unwrap();
        let set = ConfigSet::from_objects(objects.clone());
        let names: Vec<_> = set
            .objects()
            .iter()
            .map(|o| format!("{}/{}", o.namespace().unwrap_or("-"), o.name()))
            .collect();
        assert_eq!(names, ["x/a", "x/", "x/b", "y/a"]);
        assert_eq!(set.objects()[0].value()["data"]["n"], "1");
        let codes: Vec<_> = set.problems().iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["missing_name", "duplicate_object"]);
        assert_eq!(set.problems()[1].location.line, Some(10));
        assert!(
            set.problems()[1]
                .hint
                .as_deref()
                .unwrap()
                .contains("s.yaml:1")
        );
        // The same, object by object.
        let mut one_by_one = ConfigSet::new();
        let inserted: Vec<bool> = objects.into_iter().map(|o| one_by_one.insert(o)).collect();
        assert_eq!(inserted, [true, false, false, true, true]);
        assert_eq!(one_by_one.objects(), set.objects());
        assert_eq!(one_by_one.problems(), set.problems());
        let b = ObjectRef::new("", "ConfigMap", Some("x"), "b");
        assert_eq!(set.get(&b).map(Object::name), Some("b"));
        assert!(
            set.get(&ObjectRef::new("", "ConfigMap", Some("z"), "a"))
                .is_none()
        );
    }
}
