# Defining a component of your own: a star rating with its own parameter, events, and
# JSON-level preprocess/postprocess. Run: blockspec simulate examples/custom_component.py
import blockspec as gr


class Rating(gr.Component):
    """A rating from 1 to `stars`."""

    TYPE = "rating"
    EVENTS = ("change", "select")
    PARAMS = (*gr.Component.PARAMS, gr.Param("stars", 5))
    API_INFO = {"type": "integer", "minimum": 1}
    EXAMPLE = 3

    def _check_params(self):
        self._require_number("stars", positive=True, allow_none=False)

    def preprocess(self, payload):
        if payload is None:
            return None
        value = int(payload)
        if not 1 <= value <= self.stars:
            raise gr.Error(f"A rating is between 1 and {self.stars}, not {value}.")
        return value

    def postprocess(self, value):
        return None if value is None else int(value)


def as_stars(n):
    return "★" * n


with gr.Blocks() as demo:
    rating = Rating(label="Your rating", stars=5)
    shown = gr.Textbox(label="Stars")
    rating.change(as_stars, rating, shown)
